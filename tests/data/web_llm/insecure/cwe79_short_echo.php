<form method="post">
  <input type="text" name="email" value="<?= $_POST['email'] ?>">
  <button type="submit">Subscribe</button>
</form>
