try (Socket socket = serverSocket.accept();
     ObjectInputStream in = new ObjectInputStream(socket.getInputStream())) {
    Message msg = (Message) in.readObject();
    handle(msg);
}
