// Nest CLI passes its default server config; keep node_modules external (native
// better-sqlite3 and friends load at run time) and bundle only our own sources + libs/.
module.exports = (options) => ({
  ...options,
  devtool: 'source-map',
  output: { ...options.output, filename: 'main.js' },
});
