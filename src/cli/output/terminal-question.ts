import { createInterface } from 'node:readline';

/** Asks on the process's terminal and resolves to the answer, or undefined when input ends first (Ctrl+D, Ctrl+C). */
export function askOnTerminal(question: string): Promise<string | undefined> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) => {
    let answered = false;
    terminal.once('close', () => {
      if (!answered) process.stdout.write('\n');
      resolve(undefined);
    });
    // Ctrl+C answers no (readline would otherwise only pause the input, and the question hang).
    terminal.once('SIGINT', () => terminal.close());
    terminal.question(question, (answer) => {
      answered = true;
      resolve(answer);
      terminal.close();
    });
  });
}
