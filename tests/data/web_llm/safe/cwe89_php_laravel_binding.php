public function search(Request $request)
{
    $q = $request->input('q');
    return DB::select('SELECT * FROM posts WHERE title LIKE ?', ['%' . $q . '%']);
}
