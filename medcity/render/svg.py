"""SVG: a report's charts as one standalone picture, for `medcity history REGION FIGURE`.

Each chart is one series (a metric on one basis), drawn by `medcity.render.chart`, which the
pages of `medcity site` use too; `history --series BASIS` keeps one. A report without a chart
cannot be drawn (NotAChart, which the command line reports as a usage error).
"""

from medcity.render import NotAChart
from medcity.render.chart import stack
from medcity.render.environment import PLAIN, Environment
from medcity.reports.report import Report

NOT_A_CHART = (
    "--format svg draws charts: use it with 'medcity history REGION FIGURE'; this report has none"
)


class SvgRenderer:
    def render(self, report: Report, env: Environment = PLAIN) -> str:
        if not report.charts:
            raise NotAChart(NOT_A_CHART)
        return stack(report.charts, report.title)


RENDERER = SvgRenderer()
