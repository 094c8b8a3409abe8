import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { setUnauthorizedHandler } from './api'
import { router } from './router'
import { forgetSession } from './session'
import './style.css'

setUnauthorizedHandler(() => {
  forgetSession()
  const current = router.currentRoute.value
  if (!current.meta.public) {
    router.replace({ name: 'login', query: { redirect: current.fullPath } })
  }
})

createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app')
