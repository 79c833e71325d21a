function isValidEmail(email: string) {
  const re = /^[a-zA-Z0-9_.-]+@[a-zA-Z0-9-]+\.[a-zA-Z]{2,10}$/;
  return email.length <= 254 && re.test(email);
}

export { isValidEmail };
