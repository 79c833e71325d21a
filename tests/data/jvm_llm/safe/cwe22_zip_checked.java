public void unzip(File zip, File destDir) throws IOException {
    try (ZipInputStream zis = new ZipInputStream(new FileInputStream(zip))) {
        ZipEntry entry;
        while ((entry = zis.getNextEntry()) != null) {
            File out = new File(destDir, entry.getName());
            if (!out.getCanonicalPath().startsWith(destDir.getCanonicalPath() + File.separator)) {
                throw new IOException("Entry is outside of the target dir: " + entry.getName());
            }
            try (FileOutputStream fos = new FileOutputStream(out)) {
                zis.transferTo(fos);
            }
        }
    }
}
