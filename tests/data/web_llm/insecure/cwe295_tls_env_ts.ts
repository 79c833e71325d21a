process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

export async function callPartner(payload: unknown) {
  const res = await fetch('https://partner.example.com/api', {
    method: 'POST',
    body: JSON.stringify(payload),
  });
  return res.json();
}
