/** A tool result big enough that the JSON compressor takes it (and stores the original). */
export function jsonToolOutput(rows = 300): string {
  return JSON.stringify(
    Array.from({ length: rows }, (_, index) => ({
      id: index,
      name: `service-${index % 17}`,
      status: index % 23 === 0 ? 'degraded' : 'healthy',
      region: ['eu-west-1', 'us-east-1', 'ap-south-1'][index % 3],
      latency_ms: 20 + ((index * 37) % 180),
      checked_at: `2026-12-04T10:${String(index % 60).padStart(2, '0')}:00Z`,
    })),
  );
}

/** An Anthropic agent turn whose last tool result is compressible. */
export function anthropicToolTurn(model = 'claude-sonnet-4-5', output = jsonToolOutput()): string {
  return JSON.stringify({
    model,
    max_tokens: 1024,
    tools: [
      {
        name: 'list_services',
        description: 'Lists services and their health.',
        input_schema: { type: 'object', properties: {} },
      },
    ],
    messages: [
      { role: 'user', content: 'Which services are degraded?' },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_01', name: 'list_services', input: {} }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: output }],
      },
    ],
  });
}

/** The same kind of turn in Chat Completions shape. */
export function chatToolTurn(model = 'gpt-4o', output = jsonToolOutput(250)): string {
  return JSON.stringify({
    model,
    tools: [
      {
        type: 'function',
        function: {
          name: 'list_services',
          description: 'Lists services and their health.',
          parameters: { type: 'object', properties: {} },
        },
      },
    ],
    messages: [
      { role: 'user', content: 'Which services are degraded?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'list_services', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: output },
    ],
  });
}
