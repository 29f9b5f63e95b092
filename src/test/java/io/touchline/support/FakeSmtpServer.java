package io.touchline.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal SMTP server on loopback that refuses every recipient with a given reply (550 for a
 * hard bounce, 451 for "try later"), for the answers GreenMail does not give.
 */
public final class FakeSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;
    private final String recipientReply;

    public FakeSmtpServer(int port, String recipientReply) throws IOException {
        this.recipientReply = recipientReply;
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.thread = new Thread(this::serve, "fake-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept();
                    var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                    var out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                client.setSoTimeout(5000);
                out.print("220 fake.smtp ESMTP\r\n");
                out.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.toUpperCase();
                    if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                        out.print("250 fake.smtp\r\n");
                    } else if (command.startsWith("MAIL FROM")) {
                        out.print("250 2.1.0 Ok\r\n");
                    } else if (command.startsWith("RCPT TO")) {
                        out.print(recipientReply + "\r\n");
                    } else if (command.startsWith("RSET") || command.startsWith("NOOP")) {
                        out.print("250 2.0.0 Ok\r\n");
                    } else if (command.startsWith("QUIT")) {
                        out.print("221 2.0.0 Bye\r\n");
                        out.flush();
                        break;
                    } else {
                        out.print("502 5.5.2 Command not recognized\r\n");
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // client gone or server closed: serve the next one
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
