import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { startLanguage } from './lib/i18n/index.js';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount into');

// The language's catalogue (a chunk of its own unless English) is there before the first text
// is drawn, so a German page never flashes English.
void startLanguage().then(() => mount(App, { target }));
