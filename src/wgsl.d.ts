/** WGSL files are imported as text: Vite serves `?raw` natively, Node through src/node/wgsl-hook.mjs. */
declare module '*.wgsl?raw' {
  const source: string;
  export default source;
}
