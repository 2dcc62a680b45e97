import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { platform, PRIVACY_AGREE_BUTTON_ID } from '../platform';

/**
 * 隐私保护指引弹窗。第一次用到定位、相册时弹出；
 * 小程序里“同意”按钮是 openType="agreePrivacyAuthorization"，由微信记录授权。
 */
export function PrivacyPopup() {
  const [open, setOpen] = useState(false);
  useEffect(() => platform.privacy.onRequest(setOpen), []);
  if (!open) return null;
  const isWeapp = process.env.TARO_ENV === 'weapp';
  return (
    <View className="privacy-mask" data-testid="privacy-popup">
      <View className="privacy-card">
        <View className="privacy-title">用户隐私保护提示</View>
        <View className="privacy-body">
          <Text>
            为了帮你上报问题，我们会在你使用时获取位置（标记问题地点）、相机或相册（拍摄问题照片）。
            照片和位置只用于处理你反映的问题，公开展示时位置会做模糊处理。
          </Text>
          <View>
            <Text className="link" onClick={() => Taro.navigateTo({ url: '/pkg-user/privacy/index' })}>
              查看《隐私保护指引》
            </Text>
          </View>
        </View>
        <View className="privacy-actions">
          <Button className="btn btn-ghost" onClick={() => platform.privacy.decline()}>
            不同意
          </Button>
          {isWeapp ? (
            <Button
              className="btn btn-primary"
              id={PRIVACY_AGREE_BUTTON_ID}
              openType="agreePrivacyAuthorization"
              onAgreePrivacyAuthorization={() => platform.privacy.agree()}
            >
              同意并继续
            </Button>
          ) : (
            <Button className="btn btn-primary" data-testid="privacy-agree" onClick={() => platform.privacy.agree()}>
              同意并继续
            </Button>
          )}
        </View>
      </View>
    </View>
  );
}
