package dev.switchboard.redis;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First in each Redis connection's pipeline: brackets what one read brings (for the subscription,
 * the messages of many relays from other nodes) with {@link RedisNameRegistry.ReadBatch#begin}
 * and {@link RedisNameRegistry.ReadBatch#end}, on the connection's event-loop thread.
 */
final class ReadBatchHandler extends ChannelInboundHandlerAdapter {

    private final RedisNameRegistry.ReadBatch batch;
    /** Touched only on the channel's event loop. */
    private boolean open;

    ReadBatchHandler(RedisNameRegistry.ReadBatch batch) {
        this.batch = batch;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!open) {
            open = true;
            batch.begin();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        try {
            ctx.fireChannelReadComplete();
        } finally {
            close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        try {
            ctx.fireChannelInactive();
        } finally {
            close();
        }
    }

    private void close() {
        if (open) {
            open = false;
            batch.end();
        }
    }
}
