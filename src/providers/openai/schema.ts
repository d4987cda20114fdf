import { z } from 'zod';
import { ChatCompletion, InputTokens, ModelObject, ResponseObject } from '../openai-wire/schema.js';

/** What this adapter reads: the shared OpenAI wire schemas (see src/providers/openai-wire/schema.ts). */
export { ChatCompletion, InputTokens, ModelObject, ResponseObject };

/** Either success body, depending on the provider's `api:` setting. */
export const OpenAIResponse = z.union([ChatCompletion, ResponseObject]);
