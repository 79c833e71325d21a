public function logout(Request $request)
{
    Auth::logout();
    $request->session()->invalidate();
    return redirect()->route('login');
}
