// Helpers shared by the edit forms: server field errors and minimal request bodies.
import { reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { api } from './api'

// A cleared input is '' (text) or undefined (select); the server stores an absent text
// as '' and an absent number or code as null, so '' and null count as the same value.
const same = (a, b) => JSON.stringify(a ?? '') === JSON.stringify(b ?? '')

/** The keys whose value in `form` differs from `original`, with the new values: a PATCH. */
export function changedFields(form, original, keys = Object.keys(form)) {
  const out = {}
  for (const k of keys) if (!same(form[k], original[k])) out[k] = form[k] ?? null
  return out
}

/** `form` without its empty values: a POST. */
export function filledFields(form, keys = Object.keys(form)) {
  const out = {}
  for (const k of keys) {
    const v = form[k]
    if (v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) out[k] = v
  }
  return out
}

/**
 * A field → message map for el-form-item's `error` prop, filled from an ApiError's
 * `fields` (422); a 409 without fields is put on `conflictField`.
 * `show` returns false when the error named no field, so the caller reports it.
 */
export function useFieldErrors(conflictField) {
  const errors = reactive({})

  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
  }

  function show(err) {
    clear()
    for (const { field, message } of err.fields ?? []) {
      errors[field] = errors[field] ? `${errors[field]}；${message}` : message
    }
    if (!err.fields?.length && err.status === 409 && conflictField) {
      errors[conflictField] = err.message
    }
    return Object.keys(errors).length > 0
  }

  return { errors, clear, show }
}

/**
 * Saving a record of `path` ('/orgs'): save(id, data) POSTs when id is absent and PATCHes
 * `path/id` otherwise, shows the server's field errors beside the fields (`errors`), and
 * resolves to the saved record, or null when nothing was saved.
 */
export function useSave(path, conflictField) {
  const { errors, clear, show } = useFieldErrors(conflictField)
  const saving = ref(false)

  async function save(id, data) {
    clear()
    if (id && Object.keys(data).length === 0) {
      ElMessage.info('没有需要保存的修改')
      return null
    }
    saving.value = true
    try {
      return id ? await api.patch(`${path}/${id}`, data) : await api.post(path, data)
    } catch (e) {
      ElMessage.error(show(e) ? '保存失败，请按提示修改标红的项' : e.message)
      return null
    } finally {
      saving.value = false
    }
  }

  return { errors, saving, save }
}
