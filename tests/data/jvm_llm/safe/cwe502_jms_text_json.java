@Component
public class OrderListener implements MessageListener {
    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public void onMessage(Message message) {
        try {
            TextMessage text = (TextMessage) message;
            Order order = mapper.readValue(text.getText(), Order.class);
            orderService.process(order);
        } catch (JMSException | IOException e) {
            throw new RuntimeException(e);
        }
    }
}
