public function logout(Request $request)
{
    Auth::logout();
    return redirect($request->input('next'));
}
