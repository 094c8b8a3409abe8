// The ECharts parts the dashboard uses (modular imports keep the bundle small), and a
// small holder of one chart bound to an element.
import { BarChart, LineChart, MapChart } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

echarts.use([
  BarChart,
  LineChart,
  MapChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
  SVGRenderer,
])

export { echarts }

/**
 * A chart on `el()` (the element, once mounted). `draw(option)` replaces its option and
 * resolves once ECharts has finished rendering it; `resize()` and `dispose()` as usual.
 * The map is drawn as SVG, so its region names are text in the page.
 */
export function holdChart(el, renderer = 'canvas') {
  let chart = null
  return {
    draw(option) {
      const node = el()
      if (!node) return Promise.resolve()
      if (!chart) chart = echarts.init(node, null, { renderer })
      return new Promise((resolve) => {
        chart.off('finished')
        chart.on('finished', () => {
          chart.off('finished')
          resolve()
        })
        chart.setOption({ animation: false, ...option }, true)
      })
    },
    resize: () => chart?.resize(),
    dispose() {
      chart?.dispose()
      chart = null
    },
    get instance() {
      return chart
    },
  }
}
