"""One module per command family: typed results from `analysis/` in, a `Report` out.

A report holds sections of cells for people and `data`, the JSON answer. Wording comes from
`medcity.reports.wording`, records as plain data from `medcity.dataset.serialize`.
"""
