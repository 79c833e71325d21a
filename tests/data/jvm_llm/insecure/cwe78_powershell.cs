var psi = new ProcessStartInfo
{
    FileName = "powershell.exe",
    Arguments = "-Command Get-Process -Name " + processName,
    UseShellExecute = false
};
Process.Start(psi);
