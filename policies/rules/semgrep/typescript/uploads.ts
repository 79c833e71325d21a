const storage = multer.diskStorage({
  destination: "public/uploads/",
  // ruleid: typescript.upload-client-filename
  filename: (req, file, cb) => cb(null, file.originalname),
});
const upload = multer({ storage });

const avatars = multer.diskStorage({
  destination: "uploads/avatars/",
  filename: function (req, file, cb) {
    // ruleid: typescript.upload-client-filename
    cb(null, Date.now() + "-" + file.originalname);
  },
});

const images = multer.diskStorage({
  destination: "uploads/images/",
  // ok: typescript.upload-client-filename
  filename: (req, file, cb) => cb(null, crypto.randomUUID() + ".png"),
});

const docs = multer.diskStorage({
  destination: "uploads/docs/",
  // ok: typescript.upload-client-filename
  filename: (req, file, cb) => cb(null, file.originalname),
});
const docUpload = multer({
  storage: docs,
  fileFilter: (req, file, cb) => cb(null, file.mimetype === "application/pdf"),
});
