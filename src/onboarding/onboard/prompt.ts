import { createInterface } from 'node:readline/promises';

/** Asks the person at the terminal; a non-interactive run (`--yes`, no terminal) takes every default. */
export interface Prompter {
  readonly interactive: boolean;
  /** The answer, or the default when the answer is empty (undefined when there is neither). */
  ask(question: string, defaultValue?: string): Promise<string | undefined>;
  confirm(question: string, defaultValue: boolean): Promise<boolean>;
  close(): void;
}

export const defaultsPrompter: Prompter = {
  interactive: false,
  ask: async (_q, d) => d,
  confirm: async (_q, d) => d,
  close: () => undefined,
};

/** Prompts on stdin/stderr with readline (stdout stays for the report). */
export function readlinePrompter(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Prompter {
  const rl = createInterface({ input, output });
  return {
    interactive: true,
    async ask(question, defaultValue) {
      const answer = (await rl.question(`${question}${defaultValue ? ` [${defaultValue}]` : ''}: `)).trim();
      return answer === '' ? defaultValue : answer;
    },
    async confirm(question, defaultValue) {
      const answer = (await rl.question(`${question} ${defaultValue ? '[Y/n]' : '[y/N]'} `)).trim().toLowerCase();
      return answer === '' ? defaultValue : answer === 'y' || answer === 'yes';
    },
    close: () => rl.close(),
  };
}
