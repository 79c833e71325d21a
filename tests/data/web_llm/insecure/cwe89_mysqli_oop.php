<?php
function searchBooks(mysqli $db): array
{
    $term = $_GET['q'];
    $sql = "SELECT title, author FROM books WHERE title LIKE '%" . $term . "%'";
    $res = $db->query($sql);
    return $res->fetch_all(MYSQLI_ASSOC);
}
