public void OpenFile(string path)
{
    Process.Start("cmd.exe", "/c start " + path);
}
