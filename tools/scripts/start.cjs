// `npm start`: build once, then run the gateway in embedded mode.
const { join } = require('node:path');
const { build, root } = require('./build.cjs');

build();
require('./register-paths.cjs');
require(join(root, 'dist', 'apps', 'gateway', 'src', 'main.js'));
