// Stylesheets the training charts import as text (`with { type: 'text' }`, which esbuild bundles as a string).
declare module '*.css' {
  const text: string;
  export default text;
}
