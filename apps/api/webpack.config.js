const { resolve } = require('node:path');

// Nest CLI passes its default server config (node_modules stay external: native
// better-sqlite3 and friends load at run time); we only fix the output location.
// API_BUILD_DIR lets tests build a private copy without touching dist/.
module.exports = (options) => ({
  ...options,
  devtool: 'source-map',
  output: {
    ...options.output,
    path: process.env.API_BUILD_DIR ? resolve(process.env.API_BUILD_DIR) : resolve(__dirname, '../../dist/apps/api'),
    filename: 'main.js',
  },
});
