// `eventbridge-wasm serve`: placeholder until the HTTP endpoint lands (issue 6).
export async function serve(_args: string[]): Promise<number> {
  process.stderr.write('serve: the AWS endpoint is not built yet\n');
  return 1;
}
