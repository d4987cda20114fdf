import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { cleanup, makeProject, problemsOf } from './project.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const env = {
  OPENAI_API_KEY: 'sk-example-openai',
  ANTHROPIC_API_KEY: 'sk-ant-example',
  GEMINI_API_KEY: 'AIza-example',
  SLACK_BOT_TOKEN: 'xoxb-example',
  SMTP_PASSWORD: 'smtp-example-password',
};

afterEach(cleanup);

describe('tripline.example.yaml', () => {
  it('validates with the shipped canaries when its environment variables are set', () => {
    const loaded = loadConfig('tripline.example.yaml', env);
    expect(Object.keys(loaded.config.providers)).toEqual(['openai', 'anthropic', 'gemini', 'local']);
    expect(loaded.config.providers.local?.baseUrl).toBe('http://127.0.0.1:8000/v1');
    expect(loaded.config.alerts?.channels.map((c) => c.type)).toEqual(['slack', 'email', 'console']);
    expect(loaded.secrets).toEqual(
      expect.arrayContaining(['sk-example-openai', 'sk-ant-example', 'AIza-example', 'xoxb-example', 'smtp-example-password']),
    );
    expect(loaded.warnings).toEqual([]);
  });

  it('names each unset variable, with the message of ${VAR:?message}', () => {
    const dir = makeProject({ 'tripline.yaml': readFileSync('tripline.example.yaml', 'utf8') });
    const problems = problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), {}));
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'providers.openai.apiKey: OPENAI_API_KEY: set OPENAI_API_KEY to an OpenAI API key',
      'providers.anthropic.apiKey: environment variable ANTHROPIC_API_KEY is not set',
      'providers.gemini.apiKey: environment variable GEMINI_API_KEY is not set',
      'alerts.channels.0.token: environment variable SLACK_BOT_TOKEN is not set',
      'alerts.channels.1.url: environment variable SMTP_PASSWORD is not set',
    ]);
  });
});
