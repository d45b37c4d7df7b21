"""Pure computations over an Index, returning typed results: no wording, no rendering.

like: what makes two values comparable. conflicts: where sources disagree. series: a metric's
values over time, latest values and growth. budgets: what a project's money adds up to.
"""
