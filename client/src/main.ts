import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { language } from './lib/i18n/index.js';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount into');

document.documentElement.lang = language;
mount(App, { target });
