const multer = require('multer');
const crypto = require('crypto');
const ALLOWED = { 'image/png': '.png', 'image/jpeg': '.jpg' };
const storage = multer.diskStorage({
  destination: 'uploads/',
  filename: (req, file, cb) => cb(null, crypto.randomUUID() + ALLOWED[file.mimetype])
});
const upload = multer({ storage, fileFilter: (req, file, cb) => cb(null, file.mimetype in ALLOWED) });
app.post('/upload', upload.single('file'), (req, res) => res.json({ stored: req.file.filename }));
