// The app itself, loaded by main.ts once it has sent the first requests (api/early-requests.ts).
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import './styles/theme.css';
import './styles/flow.css';
import './styles/layout.css';
import './styles/dataset.css';

createApp(App).use(createPinia()).mount('#app');
