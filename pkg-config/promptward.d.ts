export * from './promptward_web.js';
