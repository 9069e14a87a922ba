/**
 * The CLI's browser tooling (Playwright, Vite) is an optional peer dependency: a library user
 * never installs it. Commands that need it load it here, with a message that says what to add.
 */
export async function optionalImport<T>(name: string, purpose: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(`${purpose} needs the optional package '${name}': npm install ${name}`);
    }
    throw error;
  }
}
