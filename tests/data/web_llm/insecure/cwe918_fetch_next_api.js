// pages/api/preview.js
export default async function handler(req, res) {
  const { target } = req.query;
  const response = await fetch(target);
  const html = await response.text();
  res.status(200).json({ html });
}
