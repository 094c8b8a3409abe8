// A server list paged by opaque cursors. The cursors of the pages visited are kept on
// a stack, so 上一页 goes back to the cursor that fetched the previous page.
import { computed, ref, shallowRef, watch } from 'vue'
import { ElMessage } from 'element-plus'
import { api } from '../api'

export function useCursorList(path, { limit: initialLimit = 20 } = {}) {
  const items = ref([])
  const total = ref(0)
  const loading = ref(false)
  const limit = ref(initialLimit)
  const filters = shallowRef({})
  const cursors = ref([null])
  const nextCursor = ref(null)

  async function load() {
    loading.value = true
    try {
      const page = await api.get(path, {
        ...filters.value,
        limit: limit.value,
        cursor: cursors.value.at(-1),
      })
      items.value = page.items
      total.value = page.total
      nextCursor.value = page.next_cursor
    } catch (e) {
      // A rejected filter (422) names its problem in `fields`.
      ElMessage.error(e.fields.map((f) => f.message).join('；') || e.message)
    } finally {
      loading.value = false
    }
  }

  /** Applies new filters and goes back to the first page. */
  function search(newFilters = filters.value) {
    filters.value = { ...newFilters }
    cursors.value = [null]
    return load()
  }

  function next() {
    cursors.value.push(nextCursor.value)
    return load()
  }

  function prev() {
    cursors.value.pop()
    return load()
  }

  watch(limit, () => search())

  return {
    items,
    total,
    loading,
    limit,
    filters,
    page: computed(() => cursors.value.length),
    hasPrev: computed(() => cursors.value.length > 1),
    hasNext: computed(() => !!nextCursor.value),
    search,
    reload: load,
    next,
    prev,
  }
}
