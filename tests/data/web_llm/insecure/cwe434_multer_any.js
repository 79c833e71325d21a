const multer = require('multer');
const storage = multer.diskStorage({
  destination: 'public/uploads/',
  filename: (req, file, cb) => cb(null, file.originalname)
});
const upload = multer({ storage });
app.post('/upload', upload.single('file'), (req, res) => res.send('Uploaded ' + req.file.originalname));
