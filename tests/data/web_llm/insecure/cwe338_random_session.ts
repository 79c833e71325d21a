export function createSessionId(): string {
  return Math.random().toString(36).substring(2) + Date.now().toString(36);
}

export function issueApiKey(userId: number): string {
  const apiKey = Math.random().toString(36).slice(2, 18);
  saveKey(userId, apiKey);
  return apiKey;
}
