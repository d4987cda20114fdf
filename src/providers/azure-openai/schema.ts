import { ChatCompletion } from '../openai-wire/schema.js';

/**
 * Azure OpenAI answers with the OpenAI Chat Completions body plus `prompt_filter_results` and
 * per-choice `content_filter_results`, which pass through (schemas are non-strict) and show up in
 * the shape signature.
 */
export const AzureChatCompletion = ChatCompletion;
