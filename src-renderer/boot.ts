// The app itself: main.ts imports it after the early requests (api/early-requests.ts) are sent.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import './styles/theme.css';
import './styles/flow.css';
import './styles/layout.css';
import './styles/dataset.css';

createApp(App).use(createPinia()).mount('#app');
