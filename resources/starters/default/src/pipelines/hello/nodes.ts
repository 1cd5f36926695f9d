/** A node is a plain function: its inputs and outputs are named in pipeline.ts. */
export function greet(options: { name: string; punctuation: string }): string {
  return `Hello, ${options.name}${options.punctuation}\n`;
}
