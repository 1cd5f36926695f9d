import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { startLayoutWorker } from './flow/layout';
import './styles/theme.css';
import './styles/flow.css';
import './styles/layout.css';
import './styles/dataset.css';

startLayoutWorker();
createApp(App).use(createPinia()).mount('#app');
