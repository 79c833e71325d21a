if (isset($_POST['delete'])) {
    unlink('uploads/' . $_POST['delete']);
    echo "Deleted";
}
