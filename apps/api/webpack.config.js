const { resolve } = require('node:path');

// Nest CLI passes its default server config (node_modules stay external: native
// better-sqlite3 and friends load at run time); we only fix the output location.
module.exports = (options) => ({
  ...options,
  devtool: 'source-map',
  output: { ...options.output, path: resolve(__dirname, '../../dist/apps/api'), filename: 'main.js' },
});
