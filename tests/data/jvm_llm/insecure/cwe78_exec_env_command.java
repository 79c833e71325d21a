public static void main(String[] args) throws IOException {
    String dir = args[0];
    Process p = Runtime.getRuntime().exec("cmd.exe /c dir " + dir);
    p.getInputStream().transferTo(System.out);
}
