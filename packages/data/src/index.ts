export { dataModule } from './data-module.js';
export { twoMoons } from './toy/two-moons.js';
export { eightGaussians } from './toy/eight-gaussians.js';
export { twoMoonsData, eightGaussiansData } from './toy/toy-contributions.js';
