@Component
public class OrderListener implements MessageListener {
    @Override
    public void onMessage(Message message) {
        try {
            ObjectMessage objectMessage = (ObjectMessage) message;
            Order order = (Order) objectMessage.getObject();
            orderService.process(order);
        } catch (JMSException e) {
            throw new RuntimeException(e);
        }
    }
}
