// Reference data shared by many views, fetched once per session.
import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { api } from './api'

const cache = new Map()

function cached(key, load) {
  if (!cache.has(key)) {
    cache.set(
      key,
      load().catch((e) => {
        cache.delete(key)
        throw e
      }),
    )
  }
  return cache.get(key)
}

/** Drops cached data: after logout, or `key` after the admin changed it. */
export function clearReference(key) {
  if (key) cache.delete(key)
  else cache.clear()
}

export const loadRegions = () => cached('regions', () => api.get('/regions'))
export const loadSectors = () => cached('sectors', () => api.get('/sectors'))
export const loadOrgs = () =>
  cached('orgs', async () => (await api.get('/orgs', { limit: 500 })).items)
export const loadRegionTree = () =>
  cached('regionTree', async () => buildTree(await loadRegions()))

/** The flat, ordered region list as a tree of {code, name, level, children}. */
function buildTree(regions) {
  const byCode = new Map(regions.map((r) => [r.code, { ...r, children: [] }]))
  const roots = []
  for (const node of byCode.values()) {
    const parent = node.parent_code && byCode.get(node.parent_code)
    ;(parent ? parent.children : roots).push(node)
  }
  return roots
}

/** A ref filled with the result of `loader` (empty until it arrives). */
export function useReference(loader) {
  const data = ref([])
  loader().then(
    (v) => (data.value = v),
    (e) => ElMessage.error(e.message),
  )
  return data
}

/**
 * The metadata of the files linked to a record (GET /attachments?entity=&entity_id=), as
 * an object id → {id, filename, size, mime, …}; {} when it cannot be read.
 */
export async function loadAttachmentFiles(entity, entityId) {
  try {
    const r = await api.get('/attachments', { entity, entity_id: entityId, limit: 500 })
    return Object.fromEntries(r.items.map((a) => [a.id, a]))
  } catch {
    return {}
  }
}
